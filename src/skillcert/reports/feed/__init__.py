"""The certificate data feed to the authority (CERT-08) with its corrections (VIOL-05).

One feed = the certificates issued in a period (sheet 证书数据, the layout of
certificates.export) plus a sheet 更正 of the certificates voided since the last feed sent
(the unsent violations.CorrectionNotice rows). The file is built once and stored sealed, so
a re-download of a feed, sent or not, gives the same bytes; sending it (报送) marks its
notices sent, so the next feed does not repeat them."""
