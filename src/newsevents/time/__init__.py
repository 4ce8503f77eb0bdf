"""time stage."""
