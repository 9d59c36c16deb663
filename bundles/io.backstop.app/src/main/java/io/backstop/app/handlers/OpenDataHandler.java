package io.backstop.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

import io.backstop.app.parts.DataPart;

/** File &gt; Open Data: the Data view's file dialog. */
public class OpenDataHandler {

	public static final String DATA_VIEW_ID = "io.backstop.app.part.data";

	@Execute
	public void execute(EPartService parts) {
		MPart part = parts.showPart(DATA_VIEW_ID, PartState.ACTIVATE);
		if (part != null && part.getObject() instanceof DataPart data) {
			data.openFile();
		}
	}
}
