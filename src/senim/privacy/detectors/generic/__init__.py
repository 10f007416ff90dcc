"""Identifiers that are not specific to Kazakhstan: phones, e-mail, IBAN, cards, IP, birth dates."""
