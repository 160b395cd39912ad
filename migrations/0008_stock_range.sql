-- Stock is 0 … 10^12 units (SPEC §9). The tool refuses anything else at input; this guards
-- the table against arithmetic that would leave the range (transfers adding up) and against
-- other writers: a value out of range, or not a whole number (SQLite turns an overflowing
-- sum into a REAL), is refused. Negative stock written by another tool before stays
-- visible to `check`; it is only refused when written.
CREATE TRIGGER inventory_mapping_stock_range_insert
BEFORE INSERT ON inventory_mapping
WHEN NEW.stock_quantity IS NOT NULL
 AND (typeof(NEW.stock_quantity) <> 'integer' OR NEW.stock_quantity < 0
      OR NEW.stock_quantity > 1000000000000)
BEGIN
    SELECT RAISE(ABORT, 'stock_quantity out of range: a link holds 0 to 1000000000000 units, as a whole number');
END;
CREATE TRIGGER inventory_mapping_stock_range_update
BEFORE UPDATE OF stock_quantity ON inventory_mapping
WHEN NEW.stock_quantity IS NOT NULL
 AND (typeof(NEW.stock_quantity) <> 'integer' OR NEW.stock_quantity < 0
      OR NEW.stock_quantity > 1000000000000)
BEGIN
    SELECT RAISE(ABORT, 'stock_quantity out of range: a link holds 0 to 1000000000000 units, as a whole number');
END;
