"""Exports of an inventory to other reporting formats."""
