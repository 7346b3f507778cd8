BBBB BBBB gettext(u'Your communication request: %(name)s') SSSS SSSSSSSSSSSSS SSSSSSSS SSSSSSSS
 gettext(u'Your request “%(what)s” is now: %(status)s.') SSSS SSSSSSS SSSSSSSSSS SS SSSS SSSSSSSSSSS
BB BBBBBBBBBBBBBBBBBBBBBB gettext(u'Why:')  BBBBB


