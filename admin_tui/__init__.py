"""Admin console (Textual): catalogue, queues, dossiers, devices, reports, settings, users, audit."""
