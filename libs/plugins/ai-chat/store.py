"""Persistence of conversations and messages through the host database (motor or mongomock)."""
from __future__ import annotations

from typing import List, Optional

from bson import ObjectId
from bson.errors import InvalidId

from farm.database import get_database, maybe_await, to_list

from .models.conversation import DEFAULT_TITLE, Conversation, utcnow
from .models.message import Message


def _conversations():
    return get_database()["conversations"]


def _messages():
    return get_database()["messages"]


def _oid(value: str) -> Optional[ObjectId]:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None


async def create_conversation(conversation: Conversation) -> Conversation:
    result = await maybe_await(_conversations().insert_one(conversation.to_document()))
    return conversation.model_copy(update={"id": str(result.inserted_id)})


async def list_conversations(user_id: str) -> List[Conversation]:
    cursor = _conversations().find({"user_id": user_id}).sort([("updated_at", -1), ("_id", -1)])
    return [Conversation.from_document(d) for d in await to_list(cursor)]


async def get_conversation(conversation_id: str, user_id: str) -> Optional[Conversation]:
    """The conversation if it exists and belongs to ``user_id`` (others' look missing)."""
    oid = _oid(conversation_id)
    doc = oid and await maybe_await(_conversations().find_one({"_id": oid, "user_id": user_id}))
    return Conversation.from_document(doc) if doc else None


async def list_messages(conversation_id: str) -> List[Message]:
    # _id breaks ties: a question and its reply can share a millisecond timestamp.
    cursor = _messages().find({"conversation_id": conversation_id}).sort([("created_at", 1), ("_id", 1)])
    return [Message.from_document(d) for d in await to_list(cursor)]


async def add_message(message: Message) -> Message:
    result = await maybe_await(_messages().insert_one(message.to_document()))
    update = {"updated_at": utcnow()}
    conversation = await maybe_await(_conversations().find_one({"_id": _oid(message.conversation_id)}))
    if message.role == "user" and conversation and conversation.get("title") == DEFAULT_TITLE:
        update["title"] = (message.content.strip().splitlines() or [""])[0][:60] or DEFAULT_TITLE
    await maybe_await(_conversations().update_one({"_id": _oid(message.conversation_id)}, {"$set": update}))
    return message.model_copy(update={"id": str(result.inserted_id)})


async def delete_message(message_id: str) -> None:
    await maybe_await(_messages().delete_one({"_id": _oid(message_id)}))
