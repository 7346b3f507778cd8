BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBB BBBB gettext(u'Change an item') BBBB gettext(u'Lend an item') BBBBBBBBBBBBB
BBBBB BBBBBBB
XXXXBB BBBB gettext(u'Change “%(name)s”') SSSSSS SSSSSSSSSSBBBB gettext(u'Lend an item') BBBBBXXXXX
BB BBBBBBBBBBBBBBBBBXXX gettext(u'Your object is shown to the members of the territory only, with your neighbourhood, never your address. Whoever asks to borrow it writes to you here; your contact details show only if you both agree.') XXXXBBBBB
XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXBBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXX gettext(u'Save') XXXXXXXXX
XXXXXXX
BBBBBBBB
