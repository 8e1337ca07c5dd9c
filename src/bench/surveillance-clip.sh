#!/usr/bin/env bash
# A clip that looks like a fixed surveillance camera, made with the simulator's GStreamer tools (gst-launch-1.0,
# see src/simulator/README.md for the packages): a still scene (soft large-scale texture like walls and foliage,
# a fine-grained "pavement", a tiled facade, a sign), sensor noise on every pixel of every picture (5 % snow), and
# a few objects moving along two "roads". Encoded like a camera: x264 High, superfast, 4 Mbit/s, GOP 50, no
# B-frames, 1080p25, Annex-B. Used by "bench transcode"; cached there, never committed (it is ~30 MB).
# Usage: surveillance-clip.sh OUT.h264 [FRAMES=1500] [KBPS=4000]
set -euo pipefail
OUT=$1
FRAMES=${2:-1500}
KBPS=${3:-4000}
F="framerate=25/1"

# A still layer: one picture of PATTERN at WxH, repeated for every frame, shown on compositor pad PAD.
still() {
  echo "videotestsrc pattern=$1 num-buffers=1 ${5:-} ! video/x-raw,format=I420,width=$2,height=$3,$F" \
       "! imagefreeze num-buffers=$FRAMES ! mix.$4"
}
# An object crossing a road of WxH: videotestsrc's ball on the road's colour, shown on pad PAD.
road() {
  echo "videotestsrc pattern=ball motion=hsweep animation-mode=frames background-color=$4 foreground-color=$5" \
       "num-buffers=$FRAMES ! video/x-raw,format=I420,width=$1,height=$2,$F ${6:-} ! mix.$3"
}

# shellcheck disable=SC2046 # the layer functions return pipeline fragments that must split into words
gst-launch-1.0 -q -e \
  compositor name=mix background=black \
    sink_0::width=1920 sink_0::height=1080 \
    sink_1::width=1920 sink_1::height=1080 sink_1::alpha=0.5 \
    sink_2::ypos=680 sink_2::width=1920 sink_2::height=400 sink_2::alpha=0.35 \
    sink_3::xpos=120 sink_3::ypos=90 sink_3::width=600 sink_3::height=400 sink_3::alpha=0.5 \
    sink_4::xpos=1380 sink_4::ypos=160 sink_4::width=360 sink_4::height=200 \
    sink_5::ypos=820 sink_5::width=1920 sink_5::height=140 \
    sink_6::ypos=620 sink_6::width=1920 sink_6::height=80 \
    sink_7::width=1920 sink_7::height=1080 sink_7::alpha=0.05 \
  ! video/x-raw,width=1920,height=1080,$F ! videoconvert ! video/x-raw,format=I420 \
  ! x264enc tune=zerolatency speed-preset=superfast key-int-max=50 bitrate="$KBPS" option-string=scenecut=0 \
  ! video/x-h264,profile=high ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au \
  ! filesink location="$OUT" \
  $(still solid-color 16 16 sink_0 foreground-color=0xff708090) \
  $(still snow 96 54 sink_1) \
  $(still snow 960 200 sink_2) \
  $(still checkers-8 600 400 sink_3) \
  $(still smpte 360 200 sink_4) \
  $(road 960 70 sink_5 0xff585858 0xff2040a0) \
  $(road 480 40 sink_6 0xff606060 0xffe0e0e0 "! videoflip method=horizontal-flip") \
  videotestsrc pattern=snow num-buffers="$FRAMES" ! video/x-raw,format=I420,width=1920,height=1080,$F ! mix.sink_7
