"""Sunbula: programme management for food assistance, from pledge to plate."""
