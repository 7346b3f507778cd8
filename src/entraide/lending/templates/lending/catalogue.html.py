BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Lending and sharing') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Lending and sharing') XXXXX
XX XXXXXXXXXXXXX gettext(u"Rooms, equipment and communication support lent by the commune, associations and local businesses; objects neighbours lend each other. Free: the owner's conditions are noted on each item.") XXXX
XXXBB BBBBBBBXX XXXXXXXXXXXXX XXXXXXXX XXXXXXBBB BBBBBBBBBBBBBXX gettext(u'Lend one of my objects') XXXX XX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBXX gettext(u'My loans') XXXXBBBBBBB BBBBBBB XX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBXX gettext(u'Lending desk') XXXXBBBBBXXXX
BB BBB BBBBBBBBBBBBBBBBBBBBBXXX gettext(u'Objects lent between neighbours are shown to members once logged in.') XXXXBBBBB
XXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXXXX gettext(u'Filter the catalogue') XX
  BBBBBBB BBBBBBBBBBBBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXXX gettext(u'Filter') XXXXXXXXX
XXXXXXX
XXXX ngettext(u'%(n)s item', u'%(n)s items', count) SSSSS SSSSPPPPP PPPPPXXXXX
XXX XXXXXXXXXXXXXX
BBB BBBB BB BBBB
  XXXXXX XXXXXXXXXXXX X  X XXXXXXXXXXX gettext(u'Lent by %(owner)s') SSSS SS SSSSSSSSSBB BBBBBBBBBBBBB X  ngettext(u'%(n)s person', u'%(n)s people', count) SSSSS SSSSSSPPPPP PPPPPPBBBBBBB BBBBBBBBBBBBBB X  gettext(u'step-free access') BBBBBXXXXXXXXXXXXX
BBBBB
  XXXX gettext(u'Nothing to borrow matches these filters.') XXXXX
BBBBBB
XXXXX
BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB
BBBBBBBB
