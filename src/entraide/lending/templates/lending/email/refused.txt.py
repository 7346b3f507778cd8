BBBB BBBB gettext(u'Your request is refused: %(name)s') SSSS SSSSSSS SS SSSSSSSS SSSSSSSS
 gettext(u'Your request to borrow %(name)s, %(span)s, is refused.') SSSS SSSSSSS SS SSSSSS SSSSSSSSS SSSSSSSSS SS SSSSSSSS
 gettext(u'Why:')  


