BBBB BBBB gettext(u'A slot freed up: %(name)s') S SSSS SSSSS SSS SSSSSSSS
 gettext(u'You were waiting for %(name)s, %(span)s: a booking was cancelled. Ask for it now, the first to ask gets it.') SSS SSSS SSSSSSS SSS SSSSSSSSS SSSSSSSSS S SSSSSSS SSS SSSSSSSSSS SSS SSS SS SSSS SSS SSSSS SS SSS SSSS SSS


