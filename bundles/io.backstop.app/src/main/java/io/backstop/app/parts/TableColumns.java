package io.backstop.app.parts;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.TableColumn;

/** Column widths that never cut a header. */
final class TableColumns {

	/** Room for the sort arrow and the cell margins beside a header's text. */
	private static final int HEADER_MARGIN = 28;

	private TableColumns() {
	}

	/** The wider of {@code preferred} and what the column's header needs, so its title reads whole. */
	static int widthFor(TableColumn column, int preferred) {
		GC gc = new GC(column.getParent());
		try {
			return Math.max(preferred, gc.textExtent(column.getText()).x + HEADER_MARGIN);
		} finally {
			gc.dispose();
		}
	}
}
