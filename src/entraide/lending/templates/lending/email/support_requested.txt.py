BBBB BBBB gettext(u'A communication request: %(name)s') S SSSSSSSSSSSSS SSSSSSSS SSSSSSSS
 gettext(u'%(who)s asks: %(what)s (needed by %(date)s).') SSSSSSS SSSSS SSSSSSSS SSSSSSS SS SSSSSSSSSS


