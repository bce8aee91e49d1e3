"""Text as people copy it from licences, spreadsheets and web pages."""

# Full-width ！..～ to their ASCII forms, and the ideographic space to a plain one.
FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
