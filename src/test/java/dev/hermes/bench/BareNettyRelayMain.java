package dev.hermes.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event-loop floor for {@code hermes proxy}: Netty on its native epoll transport relaying a
 * chat-completions call byte for byte, the client's connection and the upstream's on the same
 * loop thread, so a call crosses no thread hand-off at all. Nothing of the proxy's own. What it
 * adds is what an event-loop design could start from on this machine.
 *
 * <p>Usage: {@code BareNettyRelayMain UPSTREAM_BASE_URL}; prints {@code listening on http://127.0.0.1:PORT}.
 */
public final class BareNettyRelayMain {

    /** Idle upstream connections per loop thread, touched only by that thread. */
    private static final Map<EventLoop, ArrayDeque<Channel>> IDLE = new ConcurrentHashMap<>();

    private BareNettyRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        URI upstream = URI.create(args[0]);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new FromClient(upstream));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
        System.out.println("listening on http://127.0.0.1:" + port);
        server.closeFuture().sync();
    }

    /** A client's request, sent upstream on a connection of the same loop. */
    private static final class FromClient extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final URI upstream;

        FromClient(URI upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest in) {
            FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    upstream.getPath() + "/chat/completions", in.content().retain());
            out.headers().set(HttpHeaderNames.HOST, upstream.getHost() + ":" + upstream.getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, in.content().readableBytes())
                    .set(HttpHeaderNames.AUTHORIZATION, in.headers().get(HttpHeaderNames.AUTHORIZATION, ""));
            Channel client = ctx.channel();
            ArrayDeque<Channel> idle = IDLE.computeIfAbsent(client.eventLoop(), l -> new ArrayDeque<>());
            Channel up;
            while ((up = idle.poll()) != null && !up.isActive()) {
                // closed while idle: try the next
            }
            if (up != null) {
                send(up, client, out);
                return;
            }
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new ToClient());
                        }
                    })
                    .connect(upstream.getHost(), upstream.getPort()).addListener(f -> {
                        if (f.isSuccess()) send(((io.netty.channel.ChannelFuture) f).channel(), client, out);
                        else {
                            out.release();
                            client.close();
                        }
                    });
        }

        private static void send(Channel up, Channel client, FullHttpRequest out) {
            up.pipeline().get(ToClient.class).client = client;
            up.writeAndFlush(out);
        }
    }

    /** The upstream's answer, each part written to the client as it comes. */
    private static final class ToClient extends SimpleChannelInboundHandler<HttpObject> {
        Channel client;

        ToClient() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject part) {
            Channel c = client;
            if (c == null || !c.isActive()) {
                ReferenceCountUtil.release(part);
                return;
            }
            c.writeAndFlush(part);
            if (part instanceof LastHttpContent) {
                client = null;
                IDLE.computeIfAbsent(ctx.channel().eventLoop(), l -> new ArrayDeque<>()).push(ctx.channel());
            }
        }
    }
}
