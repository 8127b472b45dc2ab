"""SupplierBot: the composition root, platform adapters and web layer."""
