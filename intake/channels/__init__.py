"""Intake channels: one adapter per channel, each calling the same registration service."""
