"""Love points (爱心积分): the exchange shop and the append-only points ledger."""
