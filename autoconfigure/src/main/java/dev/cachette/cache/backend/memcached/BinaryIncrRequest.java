package dev.cachette.cache.backend.memcached;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.spotify.folsom.guava.HostAndPort;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.client.OpCode;
import com.spotify.folsom.client.Request;
import com.spotify.folsom.client.binary.BinaryRequest;
import com.spotify.folsom.client.binary.BinaryResponse;
import com.spotify.folsom.client.binary.ResponsePacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A binary-protocol {@code Increment}/{@code Decrement} that never creates a missing key
 * and reports a non-numeric value without closing the connection.
 *
 * <p>
 * The binary protocol's increment carries an initial value and an expiration; the
 * expiration {@code 0xffffffff} means "fail with Key not found instead of creating the
 * key" (memcached's {@code protocol_binary.h}, "Incr/Decr"). Folsom's own request maps
 * every non-positive expiration to 0, which creates the key, and treats the status
 * "Incr/Decr on non-numeric value" as a corrupt stream.
 */
final class BinaryIncrRequest extends BinaryRequest<Long> {

	private static final int DO_NOT_CREATE = 0xffffffff;

	/** Delta, initial value and expiration. */
	private static final int EXTRAS_LENGTH = 8 + 8 + 4;

	private final OpCode opcode;

	private final long amount;

	BinaryIncrRequest(byte[] key, OpCode opcode, long amount) {
		super(key);
		this.opcode = opcode;
		this.amount = amount;
	}

	@Override
	public ByteBuf writeRequest(ByteBufAllocator alloc, ByteBuffer dst) {
		writeHeader(dst, this.opcode, EXTRAS_LENGTH, 0, 0);
		dst.putLong(this.amount);
		dst.putLong(0);
		dst.putInt(DO_NOT_CREATE);
		dst.put(this.key);
		return toBuffer(alloc, dst);
	}

	@Override
	public Request<Long> duplicate() {
		return new BinaryIncrRequest(this.key, this.opcode, this.amount);
	}

	@Override
	protected void handle(BinaryResponse response, HostAndPort server) throws IOException {
		ResponsePacket reply = handleSingleReply(response);
		if (reply.status == MemcacheStatus.OK) {
			succeed(ByteBuffer.wrap(reply.value).getLong());
		}
		else if (reply.status == MemcacheStatus.KEY_NOT_FOUND) {
			succeed(null);
		}
		else if (reply.status == MemcacheStatus.INCR_DECR_ON_NON_NUMERIC_VALUE) {
			fail(new Increments.NotACounterException(null), server);
		}
		else {
			fail(new IOException("memcached answered " + reply.status + " to " + this.opcode), server);
		}
	}

}
