package dev.hermes.llm;

/** Who said a message. System messages are kept in the message list; wire clients move them where their API wants them. */
public enum Role { SYSTEM, USER, ASSISTANT, TOOL }
