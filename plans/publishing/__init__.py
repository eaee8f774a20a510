"""Publishing a plan to everyone, and taking it back to the council's own people."""
