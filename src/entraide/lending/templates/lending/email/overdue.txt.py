BBBB BBBB gettext(u'To bring back: %(name)s') SS SSSSS SSSSS SSSSSSSS
 gettext(u'The loan of %(name)s ended (%(span)s). Please bring it back as soon as you can, or tell the owner when.') SSS SSSS SS SSSSSSSS SSSSS SSSSSSSSSSS SSSSSS SSSSS SS SSSS SS SSSS SS SSS SSSS SS SSSS SSS SSSSS SSSSS


