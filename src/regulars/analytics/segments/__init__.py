"""Pure segmentation: the RFM grid, robust scaling, clustering with a stated choice of k and its
stability, and persona cards written from the numbers. No database access here."""
