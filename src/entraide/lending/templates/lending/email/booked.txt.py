BBBB BBBB gettext(u'Booked: %(name)s') SSSSSSS SSSSSSSS
 gettext(u'%(name)s is booked for %(who)s, %(span)s.') SSSSSSSS SS SSSSSS SSS SSSSSSSS SSSSSSSSS


