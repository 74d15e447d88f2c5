"""Voice of the customer, pure: PII masking, sentiment (lexicon and learned), themes, emerging
issues and drivers of low ratings. Arrays and texts in, frozen results with words out."""
