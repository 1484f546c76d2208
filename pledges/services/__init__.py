"""What pledges do, one module per concern: who may edit a pledge (``access``),
posting updates (``posting``), followers and their emails (``following``) and the
open data export (``open_data``). Views, hooks, tasks and signals call these."""
