BBBB BBBB gettext(u'A request to borrow: %(name)s') S SSSSSSS SS SSSSSSS SSSSSSSS
 gettext(u'%(who)s asks to borrow %(name)s, %(span)s.') SSSSSSS SSSS SS SSSSSS SSSSSSSSS SSSSSSSSS
BB BBBBBBBBBBBBBBB gettext(u'What for:')  BBBBB

 gettext(u'Approve or refuse (say why):') 

