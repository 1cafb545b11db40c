"""The optional language-model path, one module per job:

- :mod:`assistant.llm.client` — the chat-completions client (httpx, streaming, timeouts, errors);
- :mod:`assistant.llm.prompt` — the grounded prompt and the language to answer in;
- :mod:`assistant.llm.validate` — what survives of the model's text: sentences citing given passages.

The caller (assistant/answer.py) falls back to the extractive answer when the client raises
:class:`~assistant.errors.LlmUnavailable` or the validated text is empty.
"""

from assistant.llm.client import LlmClient, make_llm
from assistant.llm.prompt import SYSTEM_PROMPT, build_messages, neutralise
from assistant.llm.validate import ValidatedAnswer, validate_answer

__all__ = ["SYSTEM_PROMPT", "LlmClient", "ValidatedAnswer", "build_messages", "make_llm", "neutralise", "validate_answer"]
