"""The customer assistant: answers from the shop's FAQ, catalog and (after verification) the
customer's orders, recommendations with their reasons, and a person when needed."""

from regulars.services.assistant.conversation import MAX_CHARS, PER_MINUTE, Reply, reply
from regulars.services.assistant.csat import Rating, rate_conversation
from regulars.services.assistant.faq import import_faq
from regulars.services.assistant.inbox import (
    ChatMessage,
    Ticket,
    answer_ticket,
    tickets,
    transcript,
)
from regulars.services.assistant.model import (
    Evaluation,
    Training,
    evaluate_assistant,
    train_assistant,
)
from regulars.services.assistant.stats import ConversationStats, conversation_stats

__all__ = [
    "MAX_CHARS", "PER_MINUTE", "ChatMessage", "ConversationStats", "Evaluation", "Rating",
    "Reply", "Ticket", "Training", "answer_ticket", "conversation_stats", "evaluate_assistant",
    "import_faq", "rate_conversation", "reply", "tickets", "train_assistant", "transcript",
]  # fmt: skip
