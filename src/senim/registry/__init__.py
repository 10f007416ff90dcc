"""The registry: organisations, users, AI systems, evidence, risks, incidents, literacy."""
