package dev.cachette.thymeleaf;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.IEngineContext;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.ICDATASection;
import org.thymeleaf.model.ICloseElementTag;
import org.thymeleaf.model.IComment;
import org.thymeleaf.model.IDocType;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessingInstruction;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.ITemplateEnd;
import org.thymeleaf.model.ITemplateEvent;
import org.thymeleaf.model.IText;
import org.thymeleaf.model.IXMLDeclaration;

import dev.cachette.thymeleaf.FragmentCaching.PendingFragment;

/**
 * The post-processor that captures a cached fragment's output on a miss, so the element
 * is rendered a single time: it sits between Thymeleaf's processing and the writer, and
 * copies every event it passes on, from the open tag that {@link FragmentCaching} marked
 * up to the matching close tag, into a buffer that is stored when the close tag goes by.
 * Nested fragments are captured into every enclosing buffer at once.
 *
 * <p>
 * A {@code th:block} writes no tags, so {@link BlockFragmentModelProcessor} delimits it
 * with marker comments ({@code cachette:begin:<id>}, {@code cachette:end:<id>}), and
 * marks a hit with {@code cachette:hit:<id>}, which this handler replaces with the stored
 * text as an unprocessed text event. Marker comments are never written out.
 *
 * <p>
 * Textual events are read once with {@code getText()}/{@code getContent()} before they
 * are written: an inlined expression ({@code [[${...}]]}) is a lazy sequence that would
 * otherwise be evaluated a second time for the copy.
 *
 * <p>
 * The lock a fragment's lookup took (single-flight) is released when its capture is
 * stored, and at the end of the template for any capture left incomplete; a template that
 * throws never reaches its end, and {@link FragmentLocks} reclaims its locks.
 *
 * <p>
 * Public only because Thymeleaf creates post-processor handlers by reflection, one per
 * template rendering; it is not an API. It finds its processors through a variable of the
 * engine context, which it sets when the rendering starts and restores when it ends.
 */
public final class FragmentCaptureHandler extends AbstractTemplateHandler {

	/** The attribute that marks, on a miss, the element whose output is to be stored. */
	static final String MARKER_ATTRIBUTE = "data-cachette-capture";

	static final String CONTEXT_VARIABLE = FragmentCaptureHandler.class.getName();

	/** The start of the marker comments that delimit a cached {@code th:block}. */
	static final String MARKER_COMMENT = "cachette:";

	private static final String BEGIN = MARKER_COMMENT + "begin:";

	private static final String END = MARKER_COMMENT + "end:";

	private static final String HIT = MARKER_COMMENT + "hit:";

	private final Map<String, String> hits = new HashMap<>();

	private final Map<String, PendingFragment> expected = new HashMap<>();

	private final Deque<Capture> captures = new ArrayDeque<>();

	/** Reused for each event written into a capture. */
	private final StringWriter writer = new StringWriter(256);

	private int depth;

	private int nextId;

	private @Nullable IEngineContext engineContext;

	private @Nullable Object previous;

	/** Creates the handler; Thymeleaf calls this once per template rendering. */
	public FragmentCaptureHandler() {
	}

	static @Nullable FragmentCaptureHandler current(ITemplateContext context) {
		return (context.getVariable(CONTEXT_VARIABLE) instanceof FragmentCaptureHandler handler) ? handler : null;
	}

	@Override
	public void setContext(ITemplateContext context) {
		super.setContext(context);
		if (context instanceof IEngineContext engine) {
			this.engineContext = engine;
			this.previous = engine.getVariable(CONTEXT_VARIABLE);
			engine.setVariable(CONTEXT_VARIABLE, this);
		}
	}

	/**
	 * Registers a fragment to capture; its element carries the returned id in
	 * {@link #MARKER_ATTRIBUTE}.
	 * @param fragment the fragment
	 * @return the id
	 */
	String expect(PendingFragment fragment) {
		String id = Integer.toString(++this.nextId);
		this.expected.put(id, fragment);
		return id;
	}

	/**
	 * Registers a fragment to capture between two marker comments.
	 * @param fragment the fragment
	 * @return the contents of the begin and end comments
	 */
	String[] expectBetween(PendingFragment fragment) {
		String id = expect(fragment);
		return new String[] { BEGIN + id, END + id };
	}

	/**
	 * Registers a stored text to write in place of a marker comment, unprocessed.
	 * @param text the stored text
	 * @return the content of the marker comment
	 */
	String hit(String text) {
		String id = Integer.toString(++this.nextId);
		this.hits.put(id, text);
		return HIT + id;
	}

	@Override
	public void handleOpenElement(IOpenElementTag tag) {
		IOpenElementTag written = tag;
		PendingFragment fragment = null;
		String id = tag.getAttributeValue(MARKER_ATTRIBUTE);
		if (id != null) {
			written = getContext().getModelFactory().removeAttribute(tag, MARKER_ATTRIBUTE);
			fragment = this.expected.remove(id);
		}
		if (fragment != null || !this.captures.isEmpty()) {
			String html = write(written);
			this.captures.forEach((capture) -> capture.buffer.append(html));
			if (fragment != null) {
				this.captures.push(new Capture(fragment, this.depth, html));
			}
		}
		this.depth++;
		super.handleOpenElement(written);
	}

	@Override
	public void handleCloseElement(ICloseElementTag tag) {
		capture(tag);
		super.handleCloseElement(tag);
		if (!tag.isUnmatched()) {
			this.depth--;
			while (!this.captures.isEmpty() && this.captures.peek().depth == this.depth) {
				complete(this.captures.pop());
			}
		}
	}

	@Override
	public void handleStandaloneElement(IStandaloneElementTag tag) {
		IStandaloneElementTag written = tag;
		PendingFragment fragment = null;
		String id = tag.getAttributeValue(MARKER_ATTRIBUTE);
		if (id != null) {
			written = getContext().getModelFactory().removeAttribute(tag, MARKER_ATTRIBUTE);
			fragment = this.expected.remove(id);
		}
		if (fragment != null || !this.captures.isEmpty()) {
			String html = write(written);
			append(html);
			if (fragment != null) {
				complete(new Capture(fragment, this.depth, html));
			}
		}
		super.handleStandaloneElement(written);
	}

	@Override
	public void handleText(IText text) {
		if (!this.captures.isEmpty()) {
			append(text.getText());
		}
		super.handleText(text);
	}

	@Override
	public void handleComment(IComment comment) {
		if (comment.getContent().startsWith(MARKER_COMMENT) && handleMarker(comment)) {
			return;
		}
		if (!this.captures.isEmpty()) {
			comment.getContent();
			append(write(comment));
		}
		super.handleComment(comment);
	}

	@Override
	public void handleCDATASection(ICDATASection cdata) {
		if (!this.captures.isEmpty()) {
			cdata.getContent();
			append(write(cdata));
		}
		super.handleCDATASection(cdata);
	}

	@Override
	public void handleDocType(IDocType docType) {
		capture(docType);
		super.handleDocType(docType);
	}

	@Override
	public void handleXMLDeclaration(IXMLDeclaration declaration) {
		capture(declaration);
		super.handleXMLDeclaration(declaration);
	}

	@Override
	public void handleProcessingInstruction(IProcessingInstruction instruction) {
		capture(instruction);
		super.handleProcessingInstruction(instruction);
	}

	@Override
	public void handleTemplateEnd(ITemplateEnd templateEnd) {
		// An element left open (malformed markup) is not stored, and an element removed
		// after its lookup is never captured: neither may keep its fragment's lock.
		this.captures.forEach((capture) -> capture.fragment.caching().release(capture.fragment));
		this.expected.values().forEach((fragment) -> fragment.caching().release(fragment));
		this.captures.clear();
		this.expected.clear();
		this.hits.clear();
		if (this.engineContext != null) {
			if (this.previous != null) {
				this.engineContext.setVariable(CONTEXT_VARIABLE, this.previous);
			}
			else {
				this.engineContext.removeVariable(CONTEXT_VARIABLE);
			}
		}
		super.handleTemplateEnd(templateEnd);
	}

	private boolean handleMarker(IComment comment) {
		String content = comment.getContent();
		if (content.startsWith(BEGIN)) {
			PendingFragment fragment = this.expected.remove(content.substring(BEGIN.length()));
			if (fragment != null) {
				this.captures.push(new Capture(fragment, content.substring(BEGIN.length()), ""));
				return true;
			}
		}
		else if (content.startsWith(END)) {
			String id = content.substring(END.length());
			if (!this.captures.isEmpty() && id.equals(this.captures.peek().id)) {
				complete(this.captures.pop());
				return true;
			}
		}
		else if (content.startsWith(HIT)) {
			String text = this.hits.remove(content.substring(HIT.length()));
			if (text != null) {
				handleText(getContext().getModelFactory().createText(text));
				return true;
			}
		}
		return false;
	}

	/** Copies an event into every open capture, when there is one. */
	private void capture(ITemplateEvent event) {
		if (!this.captures.isEmpty()) {
			append(write(event));
		}
	}

	private void append(String html) {
		this.captures.forEach((capture) -> capture.buffer.append(html));
	}

	private void complete(Capture capture) {
		capture.fragment.caching().store(getContext(), capture.fragment, capture.buffer.toString());
	}

	private String write(ITemplateEvent event) {
		StringBuffer buffer = this.writer.getBuffer();
		buffer.setLength(0);
		try {
			event.write(this.writer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return buffer.toString();
	}

	private static final class Capture {

		private final PendingFragment fragment;

		/** The depth of the captured element, or -1 for a capture between comments. */
		private final int depth;

		private final @Nullable String id;

		private final StringBuilder buffer;

		Capture(PendingFragment fragment, int depth, String openTag) {
			this.fragment = fragment;
			this.depth = depth;
			this.id = null;
			this.buffer = new StringBuilder(openTag);
		}

		Capture(PendingFragment fragment, String id, String start) {
			this.fragment = fragment;
			this.depth = -1;
			this.id = id;
			this.buffer = new StringBuilder(start);
		}

	}

}
