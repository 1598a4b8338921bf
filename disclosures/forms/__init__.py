"""Forms of the portal that are more than a model's fields (the nine tables' entry)."""
