package dev.hermes.log;

public enum Level { DEBUG, INFO, WARN, ERROR }
