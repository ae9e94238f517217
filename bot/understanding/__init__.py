"""The understanding room: merchant text to a Question the pricing room can answer."""
