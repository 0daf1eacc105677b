"""Working with other tools and analysts in the app: File ▸ Export, File ▸ Import,
File ▸ Merge project…, and the analyst's name (Edit ▸ Preferences…)."""
