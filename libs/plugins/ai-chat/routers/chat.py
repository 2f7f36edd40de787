"""Conversations with the AI provider, stored per user (mounted at /chat). Every route needs a
signed-in user (the auth plugin's ``CurrentUser`` dependency)."""
from __future__ import annotations

from typing import Annotated, List, Optional

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, StringConstraints

from farm.ai.provider import ProviderError
from farm_plugins.auth.models.user import User
from farm_plugins.auth.security import CurrentUser

from .. import store
from ..assistant import resolve_provider, with_system_prompt
from ..config import chat_config
from ..models.conversation import DEFAULT_TITLE, Conversation
from ..models.message import Message

chat_router = APIRouter()


Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
ModelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Content = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32000)]


class ConversationCreate(BaseModel):
    title: Optional[Title] = None
    model: Optional[ModelName] = None


class MessageCreate(BaseModel):
    content: Content
    model: Optional[ModelName] = None


async def _owned(conversation_id: str, user: User) -> Conversation:
    conversation = await store.get_conversation(conversation_id, user.id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="conversation not found")
    return conversation


@chat_router.get("/models", response_model=List[str])
async def list_models(request: Request, user: CurrentUser) -> List[str]:
    """Names of the models the configured provider has installed."""
    _, provider = resolve_provider(getattr(request.app.state, "ai", None))
    try:
        return await provider.list_models()
    except ProviderError as exc:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail=str(exc)) from exc


@chat_router.post("/conversations", response_model=Conversation, status_code=status.HTTP_201_CREATED)
async def create_conversation(body: ConversationCreate, user: CurrentUser) -> Conversation:
    conversation = Conversation(user_id=user.id, title=body.title or DEFAULT_TITLE, model=body.model)
    return await store.create_conversation(conversation)


@chat_router.get("/conversations", response_model=List[Conversation])
async def list_conversations(user: CurrentUser) -> List[Conversation]:
    """The signed-in user's conversations, most recently active first."""
    return await store.list_conversations(user.id)


@chat_router.get("/conversations/{conversation_id}/messages", response_model=List[Message])
async def list_messages(conversation_id: str, user: CurrentUser) -> List[Message]:
    return await store.list_messages((await _owned(conversation_id, user)).id)


@chat_router.post("/conversations/{conversation_id}/messages", response_model=Message,
                  status_code=status.HTTP_201_CREATED)
async def send_message(conversation_id: str, body: MessageCreate, request: Request,
                       user: CurrentUser) -> Message:
    """Store the user's message, ask the provider with the whole conversation, store and
    return the assistant's reply. If the provider fails (502) the user's message is removed
    again so the stored conversation never holds an unanswered turn."""
    conversation = await _owned(conversation_id, user)
    _, provider = resolve_provider(getattr(request.app.state, "ai", None))
    model = body.model or conversation.model or provider.default_model
    history = await store.list_messages(conversation.id)
    question = await store.add_message(Message(conversation_id=conversation.id, role="user", content=body.content))
    prompt = with_system_prompt([{"role": m.role, "content": m.content} for m in history + [question]])
    try:
        reply = await provider.chat(prompt, model=model, max_tokens=chat_config()["maxTokens"])
    except ProviderError as exc:
        await store.delete_message(question.id)
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail=str(exc)) from exc
    return await store.add_message(
        Message(conversation_id=conversation.id, role="assistant", content=reply, model=model))
