package dev.cachette.thymeleaf;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeNames;
import org.thymeleaf.engine.ElementNames;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.AbstractProcessor;
import org.thymeleaf.processor.element.IElementModelProcessor;
import org.thymeleaf.processor.element.IElementModelStructureHandler;
import org.thymeleaf.processor.element.MatchingAttributeName;
import org.thymeleaf.processor.element.MatchingElementName;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;

/**
 * A cached {@code <th:block>}, the form closest to Django's {@code {% cache %}}, which
 * wraps content without an element of its own. The block's tags are never written, so
 * they cannot delimit a capture; this processor, which sees the whole block, puts marker
 * comments around it instead (see
 * {@link FragmentCaching#process(ITemplateContext, IModel, FragmentSpec)}). It runs just
 * before the element processors and removes the cache attributes, so they do not run on
 * the block.
 */
final class BlockFragmentModelProcessor extends AbstractProcessor implements IElementModelProcessor {

	static final int PRECEDENCE = FragmentAttributeTagProcessor.PRECEDENCE - 1;

	private final MatchingElementName element;

	private final MatchingAttributeName attribute;

	private final String prefix;

	private final boolean compact;

	private final FragmentCaching caching;

	/**
	 * Creates the processor for one of the two forms.
	 * @param prefix the attribute prefix, {@code th} for {@code th:cache}
	 * @param compact whether this is {@code th:cache} rather than {@code cache:fragment}
	 * @param caching the shared logic
	 */
	BlockFragmentModelProcessor(String prefix, boolean compact, FragmentCaching caching) {
		super(TemplateMode.HTML, PRECEDENCE);
		this.prefix = prefix;
		this.compact = compact;
		this.caching = caching;
		this.element = MatchingElementName.forElementName(TemplateMode.HTML, ElementNames.forHTMLName("th", "block"));
		this.attribute = MatchingAttributeName.forAttributeName(TemplateMode.HTML, AttributeNames.forHTMLName(prefix,
				compact ? CompactCacheTagProcessor.NAME : FragmentAttributeTagProcessor.NAME));
	}

	@Override
	public MatchingElementName getMatchingElementName() {
		return this.element;
	}

	@Override
	public MatchingAttributeName getMatchingAttributeName() {
		return this.attribute;
	}

	@Override
	public void process(ITemplateContext context, IModel model, IElementModelStructureHandler structureHandler) {
		IProcessableElementTag tag = (IProcessableElementTag) model.get(0);
		try {
			FragmentSpec spec;
			if (this.compact) {
				spec = FragmentSpec.ofCompact(this.prefix + ":" + CompactCacheTagProcessor.NAME,
						main(context, model, CompactCacheTagProcessor.NAME),
						take(context, model, CompactCacheTagProcessor.USING));
			}
			else {
				spec = FragmentSpec.ofAttributes(this.prefix + ":" + FragmentAttributeTagProcessor.NAME,
						main(context, model, FragmentAttributeTagProcessor.NAME),
						take(context, model, FragmentAttributeTagProcessor.TIMEOUT),
						take(context, model, FragmentAttributeTagProcessor.VARY_ON),
						take(context, model, FragmentAttributeTagProcessor.USING),
						take(context, model, FragmentAttributeTagProcessor.STALE_WHILE_REVALIDATE),
						take(context, model, FragmentAttributeTagProcessor.STALE_IF_ERROR));
			}
			this.caching.process(context, model, spec);
		}
		catch (TemplateProcessingException ex) {
			if (!ex.hasTemplateName()) {
				ex.setTemplateName(tag.getTemplateName());
				ex.setLineAndCol(tag.getLine(), tag.getCol());
			}
			throw ex;
		}
	}

	private String main(ITemplateContext context, IModel model, String name) {
		String value = take(context, model, name);
		return (value != null) ? value : "";
	}

	/**
	 * Reads an attribute of the block's open tag and removes it from the model.
	 */
	private @Nullable String take(ITemplateContext context, IModel model, String name) {
		IProcessableElementTag tag = (IProcessableElementTag) model.get(0);
		String value = tag.getAttributeValue(this.prefix, name);
		if (value == null) {
			return null;
		}
		model.replace(0, context.getModelFactory().removeAttribute(tag, this.prefix, name));
		return EscapedAttributeUtils.unescapeAttribute(context.getTemplateMode(), value);
	}

}
