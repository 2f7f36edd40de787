"""AI providers, models, pipelines and inference endpoints contributed by plugins."""
from .provider import AIProvider, ProviderError
from .router import AIRouter

__all__ = ["AIProvider", "AIRouter", "ProviderError"]
