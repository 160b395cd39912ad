# Table headers in Chinese, keyed by the JSON key (`col-KEY`). English tables show the key
# itself (underscores as spaces); JSON and CSV keep the key in every language.
