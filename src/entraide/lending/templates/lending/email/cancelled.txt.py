BBBB BBBB gettext(u'Loan cancelled: %(name)s') SSSS SSSSSSSSSS SSSSSSSS
 gettext(u'The loan of %(name)s, %(span)s, is cancelled.') SSS SSSS SS SSSSSSSSS SSSSSSSSS SS SSSSSSSSSS


