"""Writers: turn a CheckReport (or a workbook) into output. Text and JSON print from the
same Finding records."""
