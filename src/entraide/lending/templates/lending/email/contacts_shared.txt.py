BBBB BBBB gettext(u'Contacts shared for %(name)s') SSSSSSSS SSSSSS SSS SSSSSSSS
 gettext(u"You both agreed to share your contact details: find them on the loan's page, and arrange the hand-over together.") 


