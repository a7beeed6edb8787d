"""The blank certificate stock (CERT-07): receipts, issues, spoils, destructions and counts."""
