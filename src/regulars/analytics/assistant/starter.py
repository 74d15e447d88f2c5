"""The starter set of example phrases per intent; a shop adds its own."""

from __future__ import annotations

# fmt: off
STARTER: dict[str, tuple[str, ...]] = {
    "order_status": (
        "where is my order", "has my order shipped", "track my package", "order status please",
        "when will my order arrive", "my parcel has not arrived yet", "what is the status of order",
        "can you check my order", "is my order on its way", "tracking number for my order",
        "i ordered last week where is it", "did you send my order",
    ),
    "shipping": (
        "how long does shipping take", "how much is delivery", "do you ship abroad",
        "shipping costs", "delivery times to germany", "is shipping free",
        "what are your delivery options", "how fast is express shipping",
        "do you deliver on weekends", "which carrier do you use", "cost of postage",
        "international shipping rates",
    ),
    "returns": (
        "how do i return an item", "can i get a refund", "return policy",
        "i want to send this back", "how long do refunds take", "exchange a product",
        "the item is broken can i return it", "wrong size can i exchange",
        "refund my money", "how many days do i have to return", "return label",
        "do you refund shipping costs",
    ),
    "hours_location": (
        "what are your opening hours", "when are you open", "where is your shop",
        "address of the store", "are you open on sunday", "what time do you close",
        "store location", "can i visit your shop", "opening times", "how do i find you",
        "are you open today", "where are you located",
    ),
    "product": (
        "is this in stock", "do you have this in blue", "what size is the jacket",
        "is the mug dishwasher safe", "what material is it made of", "difference between these two",
        "is the product available", "when will it be back in stock", "product dimensions",
        "compare these products", "does it come in other colours", "how much does it weigh",
    ),
    "recommendation": (
        "what do you recommend", "suggest something for me", "what should i buy",
        "any recommendations", "gift ideas", "what goes well with this", "recommend a product",
        "what is popular", "what would you suggest for a present", "best seller",
        "help me choose", "what else might i like",
    ),
    "subscription": (
        "cancel my subscription", "pause my subscription", "change my subscription",
        "how does the subscription work", "skip next delivery", "subscription renewal date",
        "upgrade my plan", "stop my monthly box", "when is my next subscription box",
        "change delivery frequency", "subscribe and save", "manage subscription",
    ),
    "complaint": (
        "i want to complain", "this is unacceptable", "the product arrived damaged",
        "very bad service", "i am unhappy with my purchase", "make a complaint",
        "your courier was rude", "item is faulty", "poor quality", "i was charged twice",
        "nobody answered my email", "terrible experience",
    ),
    "human": (
        "talk to a person", "speak to a human", "can i talk to someone", "real person please",
        "connect me to an agent", "customer service representative", "i want a human",
        "let me speak to staff", "call me", "talk to support", "operator", "human agent",
    ),
    "greeting": (
        "hello", "hi", "good morning", "hey there", "thanks", "thank you", "cheers",
        "good evening", "thanks a lot", "hi there", "bye", "goodbye",
    ),
}
# fmt: on

#: Phrases no intent covers: held out to calibrate the out-of-scope threshold.
OUT_OF_SCOPE: tuple[str, ...] = (
    "what is the capital of france",
    "write me a poem",
    "what is the weather tomorrow",
    "who won the football match",
    "solve this equation",
    "tell me a joke about cats",
    "how tall is mount everest",
    "translate hello into japanese",
    "what is bitcoin worth",
    "book me a flight to rome",
    "who is the president",
    "recipe for pancakes",
)
