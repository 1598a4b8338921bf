"""The nine tables as Excel workbooks: reading an upload, writing the official layout."""
