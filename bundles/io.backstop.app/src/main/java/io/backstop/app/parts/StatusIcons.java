package io.backstop.app.parts;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

import io.backstop.estop.api.StepStatus;

/** Small round status marks for the stop's steps, drawn once per display. */
final class StatusIcons {

	private final Map<StepStatus, Image> byStatus = new EnumMap<>(StepStatus.class);
	private final Image pending;
	private final Image running;

	StatusIcons(Display display) {
		byStatus.put(StepStatus.CLEANED, dot(display, new RGB(46, 160, 67)));
		byStatus.put(StepStatus.PARTIAL, dot(display, new RGB(200, 170, 0)));
		byStatus.put(StepStatus.SKIPPED, dot(display, new RGB(150, 150, 150)));
		byStatus.put(StepStatus.FAILED, dot(display, new RGB(208, 40, 40)));
		byStatus.put(StepStatus.TIMED_OUT, dot(display, new RGB(230, 140, 0)));
		pending = ring(display, new RGB(150, 150, 150));
		running = dot(display, new RGB(40, 110, 210));
	}

	Image of(StepStatus status) {
		return byStatus.get(status);
	}

	Image pending() {
		return pending;
	}

	Image running() {
		return running;
	}

	void dispose() {
		byStatus.values().forEach(Image::dispose);
		pending.dispose();
		running.dispose();
	}

	private static Image dot(Display display, RGB rgb) {
		return draw(display, rgb, true);
	}

	private static Image ring(Display display, RGB rgb) {
		return draw(display, rgb, false);
	}

	private static Image draw(Display display, RGB rgb, boolean filled) {
		Image image = new Image(display, 14, 14);
		GC gc = new GC(image);
		Color color = new Color(display, rgb);
		try {
			gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(0, 0, 14, 14);
			gc.setAntialias(SWT.ON);
			gc.setBackground(color);
			gc.setForeground(color);
			gc.setLineWidth(2);
			if (filled) {
				gc.fillOval(2, 2, 10, 10);
			} else {
				gc.drawOval(3, 3, 8, 8);
			}
		} finally {
			gc.dispose();
			color.dispose();
		}
		ImageData data = image.getImageData();
		data.transparentPixel = data.palette.getPixel(new RGB(255, 255, 255));
		image.dispose();
		return new Image(display, data);
	}
}
