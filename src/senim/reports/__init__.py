"""Reports: Markdown now; HTML/PDF dossiers later."""
