"""Domain services that own transactions (queue, printing outbox, devices, dossiers, catalogue ...)."""
