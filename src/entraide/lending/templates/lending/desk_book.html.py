BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Book %(name)s for someone') SSSS SSSSSSSS SSS SSSSSSSBBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Book %(name)s for someone') SSSS SSSSSSSS SSS SSSSSSSXXXXX
XXX gettext(u'For a person or an association without internet: the booking is approved at once, in their name, and noted as entered by you.') XXXX
BB BBBBBBBBXX XXXXXXXXXXXXXX XXXXXXXXXXXXXX gettext(u'Next free slot of the same length: %(proposal)s.') SSSS SSSS SSSS SS SSS SSSS SSSSSSS SSSSSSSSSSSSSXXXXBBBBB
XXXXX XXXXXXXXXXXXX XXXXXXXXXXXBBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX gettext(u'Book') XXXXXXXXX
XXXXXXX
XXXX gettext(u'Already booked') XXXXX
XXXXBBB BBBB BB BBBBXXXXXXXXXBBBBBXXXX gettext(u'Nothing booked in the coming weeks.') XXXXXBBBBBBXXXXX
XXXXX XXXXXXBBB BBBBBBBBBBBBBBXX gettext(u'Back to the lending desk') XXXXXXXX
BBBBBBBB
