BBBB BBBB gettext(u'Not brought back yet: %(name)s') SSS SSSSSSS SSSS SSSS SSSSSSSS
 gettext(u'%(name)s, lent to %(who)s %(span)s, is not back yet. We sent them a reminder.') SSSSSSSSS SSSS SS SSSSSSS SSSSSSSSS SS SSS SSSS SSSS SS SSSS SSSS S SSSSSSSSS


