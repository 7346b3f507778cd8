BBBB BBBB gettext(u'Your loan is approved: %(name)s') SSSS SSSS SS SSSSSSSSS SSSSSSSS
 gettext(u'Good news: %(name)s is yours %(span)s.') SSSS SSSSS SSSSSSSS SS SSSSS SSSSSSSSS
BB BBBBBBBBBBBBBBB gettext(u'Deposit or conditions:')  BBBBB
BB BBBBBBBBBBBBBBB gettext(u'Care and use:')  BBBBB

 gettext(u'The loan, and to cancel it if your plans change:') 

