"""Read content files into validated models, and start new ones."""
